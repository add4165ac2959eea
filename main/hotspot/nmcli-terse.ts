/**
 * nmcli's terse output (`nmcli -t`): one record a line, fields separated by ':', with ':' and
 * '\' inside a value escaped by a backslash.
 */
export function parseTerse(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const fields: string[] = [];
    let field = '';
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (c === '\\' && i + 1 < line.length) field += line[++i];
      else if (c === ':') {
        fields.push(field);
        field = '';
      } else field += c;
    }
    fields.push(field);
    rows.push(fields);
  }
  return rows;
}
