/** A search box for a table; Escape clears it. */
interface Props {
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  testId: string;
}

export function FilterInput({ value, onChange, placeholder, testId }: Props) {
  return (
    <input
      type="search"
      className="filter"
      value={value}
      placeholder={placeholder}
      spellCheck={false}
      data-testid={testId}
      onChange={(e) => onChange(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onChange('');
      }}
    />
  );
}
