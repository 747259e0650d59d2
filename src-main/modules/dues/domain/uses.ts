// Remittance and use of dues (docs/domain/dues.md#remittance, docs/domain/dues.md#use-of-dues, V21).

/** allowed-use categories (2008 arts. 17–21 scope, plus the newer detailed list) */
export const SPENDING_CATEGORIES = [
  '培训党员', '订阅报刊及购置党员教育资料设备', '表彰先进基层党组织和优秀党员', '补助生活困难党员',
  '补助遭受严重自然灾害党员及修缮党员教育设施', '三会一课及主题党日等组织生活', '走访慰问', '党员活动阵地建设',
  '印制入党志愿书、党费证等及党徽党旗', '银行手续费', '其他符合规定的用途',
] as const;

/** 下拨 = allocation down to a lower organization (earmarked); 使用 = spending; both need a collective decision */
export const SPENDING_KINDS = ['下拨', '使用'] as const;
export type SpendingKind = (typeof SPENDING_KINDS)[number];

export const PAYMENT_METHODS = ['现金', '转账', '微信', '支付宝', '其他'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** a one-off voluntary payment of 1,000 元 or more goes entirely to the Central Committee (V21) */
export const VOLUNTARY_TO_CENTRAL_FEN = 100_000;

/** payment record kinds: a payment is never deleted, a reversal (冲正) entry cancels it */
export const PAYMENT_KINDS = ['交纳', '冲正', '自愿多交'] as const;
export type PaymentKind = (typeof PAYMENT_KINDS)[number];
