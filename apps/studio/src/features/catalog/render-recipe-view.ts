// The parts of a version's render recipe (CatalogVersion.recipe, JSON Schema at
// /schemas/render-recipe.v1.json) the catalog drawer shows: read defensively, so an unexpected
// answer shows less rather than breaking the drawer.

export interface RecipePlaceholderView {
  name: string;
  token: string;
  min?: number;
  max?: number;
  default?: number;
  values?: string[];
}

export interface RecipeFileView {
  role: string;
  fileName: string;
  folder: string;
  url: string;
  sha256: string;
  byteSize: number;
}

export interface RecipeModelView {
  role: string;
  folder: string;
  fileName: string;
  sha256: string | null;
}

export interface RecipeView {
  placeholders: RecipePlaceholderView[];
  files: RecipeFileView[];
  models: RecipeModelView[];
  linksValidUntil: string | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const number = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const items = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter(isRecord) : []);

/** A recipe's JSON -> what the drawer lists; null when it is not a recipe at all. */
export function readRecipe(json: unknown): RecipeView | null {
  if (!isRecord(json) || json['recipeVersion'] !== 1) return null;
  return {
    placeholders: items(json['placeholders']).flatMap((p) => {
      const name = text(p['name']);
      const token = text(p['token']);
      if (!name || !token) return [];
      const values = Array.isArray(p['values']) ? p['values'].filter((v): v is string => typeof v === 'string') : undefined;
      return [{ name, token, min: number(p['min']), max: number(p['max']), default: number(p['default']), values }];
    }),
    files: items(json['files']).flatMap((f) => {
      const [role, fileName, folder, url, sha256] = [text(f['role']), text(f['fileName']), text(f['folder']), text(f['url']), text(f['sha256'])];
      const byteSize = number(f['byteSize']);
      return role && fileName && folder && url && sha256 && byteSize !== undefined ? [{ role, fileName, folder, url, sha256, byteSize }] : [];
    }),
    models: items(json['models']).flatMap((m) => {
      const [role, folder, fileName] = [text(m['role']), text(m['folder']), text(m['fileName'])];
      return role && folder && fileName ? [{ role, folder, fileName, sha256: text(m['sha256']) }] : [];
    }),
    linksValidUntil: text(json['linksValidUntil']),
  };
}
