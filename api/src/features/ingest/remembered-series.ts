/**
 * How many measurement-and-tags prefixes, and tag values, an API instance remembers as checked,
 * so that a line like one seen before is checked in place. A GPU's prefix carries its UUID, so an
 * instance needs one for each GPU that writes to it: 50,000 covers 6,000 nodes of 8 GPUs. Past
 * that the memos start over and lines take the parser until they fill again: with room for
 * 10,000, 2,000 nodes of 8 GPUs cost 0.72 ms of CPU per write instead of 0.58.
 */
export const REMEMBERED_SERIES = 50_000;
