// pg returns bigint columns as strings; the sizes, seeds and milliseconds stored in them stay far
// below 2^53, so numbers are exact.
export const bigintAsNumber = { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) };
