/** A drop-down that narrows a table to one value ("any protocol", "tls", ...). */
interface Props {
  value: string;
  onChange: (value: string) => void;
  options: readonly string[];
  /** The label of the empty choice, which filters nothing. */
  anyLabel: string;
  label: string;
  testId: string;
}

export function SelectFilter({ value, onChange, options, anyLabel, label, testId }: Props) {
  // A value chosen earlier stays selectable even when no row has it any more.
  const choices = value && !options.includes(value) ? [value, ...options] : options;
  return (
    <select
      className="select-filter"
      value={value}
      aria-label={label}
      data-testid={testId}
      onChange={(e) => onChange(e.target.value)}
    >
      <option value="">{anyLabel}</option>
      {choices.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </select>
  );
}
