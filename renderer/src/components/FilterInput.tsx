/** A search box for a table; Escape clears it. */
interface Props {
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  testId: string;
  /** Accessible name, when the placeholder is not enough. */
  label?: string;
  /** id of a <datalist> with suggestions. */
  list?: string;
  className?: string;
}

export function FilterInput({ value, onChange, placeholder, testId, label, list, className }: Props) {
  return (
    <input
      type="search"
      className={className ? `filter ${className}` : 'filter'}
      value={value}
      placeholder={placeholder}
      aria-label={label ?? placeholder}
      spellCheck={false}
      list={list}
      data-testid={testId}
      onChange={(e) => onChange(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onChange('');
      }}
    />
  );
}
