/** The page header's search box: a magnifier, a search input and a label for screen readers. */
export function SearchField({ id, testId, label, value, onChange }: { id: string; testId: string; label: string; value: string; onChange: (value: string) => void }) {
  return (
    <div className="search">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <svg className="search-icon" viewBox="0 0 16 16" aria-hidden="true">
        <circle cx="7" cy="7" r="4.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="M10.5 10.5 14 14" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
      </svg>
      <input id={id} data-testid={testId} className="input search-input" type="search" placeholder={label} autoComplete="off" value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}
