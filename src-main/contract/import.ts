// Operations of the import module (declared once; the adapters loop over the contract table).
export const importOps = {};
