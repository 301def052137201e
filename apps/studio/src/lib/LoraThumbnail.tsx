/** A LoRA's sample picture, or its initials on a colour of its own when it has none. */
export function LoraThumbnail({ name, url, isLarge = false }: { name: string; url: string | null; isLarge?: boolean }) {
  const className = `lora-thumbnail${isLarge ? ' lora-thumbnail-large' : ''}`;
  if (url) return <img className={className} src={url} alt="" loading="lazy" data-testid="lora-thumbnail" />;
  const initials = name.split(/\s+/).filter(Boolean).slice(0, 2).map((word) => [...word][0]!.toUpperCase()).join('') || '?';
  const hue = [...name].reduce((sum, char) => (sum * 31 + char.codePointAt(0)!) % 360, 7);
  return (
    <span className={`${className} lora-monogram`} style={{ background: `hsl(${hue} 45% 88%)`, color: `hsl(${hue} 45% 28%)` }} aria-hidden="true" data-testid="lora-monogram">
      {initials}
    </span>
  );
}
