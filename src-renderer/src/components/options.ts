// Select options from the enumerations of src-main/domain/enums.ts (declared once there).
export const toOptions = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));
