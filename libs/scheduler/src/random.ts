// Seeded randomness for the simulator: the same seed gives the same trace on every machine.

export type Random = () => number;

/** Seed (uint32) -> a mulberry32 generator of floats in [0, 1). */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Random + mean -> an exponentially distributed sample (Poisson inter-arrival times). */
export function sampleExponential(random: Random, mean: number): number {
  return -Math.log(1 - random()) * mean;
}

/** Random + inclusive bounds -> a uniform integer. */
export function sampleInteger(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** Item count + exponent s -> a sampler of ranks 0..n-1 with P(k) proportional to 1/(k+1)^s. */
export function createZipfSampler(count: number, exponent: number): (random: Random) => number {
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 0; rank < count; rank++) {
    total += 1 / (rank + 1) ** exponent;
    cumulative.push(total);
  }
  return (random) => {
    const target = random() * total;
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (cumulative[mid] < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}
