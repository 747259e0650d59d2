// Operations of the dues module (declared once; the adapters loop over the contract table).
export const duesOps = {};
