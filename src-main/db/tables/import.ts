// Tables of the import module (owned by that module; see migrations/0002_import.ts).
export interface ImportTables {}
