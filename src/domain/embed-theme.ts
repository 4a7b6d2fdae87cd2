/* How a host page may theme the embedded discussion: a light, dark or automatic scheme, and a
   fixed set of custom properties whose values must look like a colour, a font list or a length,
   so nothing a host sends can close the declaration or reach beyond it. */

export const EMBED_THEMES = ['light', 'dark', 'auto'] as const;
export type EmbedTheme = (typeof EMBED_THEMES)[number];

export const VALUE_PATTERNS = {
  color: '^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,30}|(rgb|rgba|hsl|hsla|hwb|lab|lch|oklab|oklch)\\([0-9a-zA-Z.,%/ +-]{1,80}\\))$',
  font: '^[a-zA-Z0-9 ,\'"-]{1,200}$',
  length: '^[0-9]{1,3}(\\.[0-9]{1,3})?(px|rem|em)$',
} as const;

/** The host's CSS custom properties (without the `--parley-` prefix) that reach the frame, with what each holds. */
export const THEME_VARIABLES = {
  accent: 'color',
  'accent-ink': 'color',
  ink: 'color',
  muted: 'color',
  rule: 'color',
  surface: 'color',
  background: 'color',
  'new-highlight': 'color',
  'own-highlight': 'color',
  font: 'font',
  'body-font': 'font',
  radius: 'length',
} as const satisfies Record<string, keyof typeof VALUE_PATTERNS>;

export type ThemeVariable = keyof typeof THEME_VARIABLES;
export const THEME_VARIABLE_NAMES = Object.keys(THEME_VARIABLES) as ThemeVariable[];

export function validThemeValue(name: ThemeVariable, value: string): boolean {
  return new RegExp(VALUE_PATTERNS[THEME_VARIABLES[name]]).test(value);
}

/** The inline style that sets the host's values on the frame's root element; invalid values are left out. */
export function themeStyle(values: Partial<Record<ThemeVariable, string | undefined>>): string {
  return THEME_VARIABLE_NAMES.filter((n) => {
    const v = values[n];
    return v !== undefined && validThemeValue(n, v);
  })
    .map((n) => `--parley-${n}:${values[n]}`)
    .join(';');
}
