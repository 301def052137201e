/** `#/catalog`: the published templates exactly as consumer apps receive them. */
export function CatalogPage() {
  return <main className="page" data-testid="catalog-page" />;
}
