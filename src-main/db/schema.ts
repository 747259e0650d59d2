// The database's tables for kysely. Each module's tables.ts adds its own by declaration merging:
//
//   declare module '../../db/schema.ts' { interface Database extends DuesTables {} }
//
// so that no list of modules is kept here (the module list is src-main/modules/index.ts).
export interface Database {}
