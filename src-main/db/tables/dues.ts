// Tables of the dues module (owned by that module; see migrations/0003_dues.ts).
export interface DuesTables {}
