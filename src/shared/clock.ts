/** The only way the core learns the time; tests pass a fixed or advancing clock. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
