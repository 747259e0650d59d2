// Operations of the campaign module (declared once; the adapters loop over the contract table).
export const campaignOps = {};
