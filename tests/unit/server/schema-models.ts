/** Models and their scalar columns, read from schema.prisma text (relation fields have a model type). */
export function modelsDeclaredIn(schemaText: string): Map<string, string[]> {
  const scalarTypes = new Set(["String", "Int", "BigInt", "Float", "Decimal", "Boolean", "DateTime", "Json", "Bytes"]);
  const models = new Map<string, string[]>();
  for (const match of schemaText.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const [, name, body] = match;
    if (name === undefined || body === undefined) continue;
    const columns: string[] = [];
    for (const line of body.split("\n")) {
      const field = /^\s*(\w+)\s+(\w+)(\?|\[\])?/.exec(line);
      if (field === null || line.trim().startsWith("//") || line.trim().startsWith("@@")) continue;
      const [, fieldName, type, modifier] = field;
      if (fieldName && type && scalarTypes.has(type) && modifier !== "[]") columns.push(fieldName);
    }
    models.set(name, columns.sort());
  }
  return models;
}
