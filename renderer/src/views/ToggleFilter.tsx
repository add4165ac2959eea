/** A checkbox that narrows a table ("trackers only", "with leaks"). */
interface Props {
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: string;
  testId: string;
}

export function ToggleFilter({ checked, onChange, label, testId }: Props) {
  return (
    <label className="toggle-filter">
      <input
        type="checkbox"
        checked={checked}
        data-testid={testId}
        onChange={(e) => onChange(e.target.checked)}
      />
      {label}
    </label>
  );
}
