import picocolors from 'picocolors';

/** The colour functions the renderers use; all identity functions when colour is off. */
export type Colors = ReturnType<typeof picocolors.createColors>;

/** Colour functions, on or off. */
export function createColors(enabled: boolean): Colors {
  return picocolors.createColors(enabled);
}
