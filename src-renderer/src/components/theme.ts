// The app's colours. The primary colour (buttons, focus, selection) is a calm blue, far from the error red:
// with a red primary, a focused field looked like a field in error. The red stays for the name in the
// header (the brand) and for errors.

export const PRIMARY = '#1a5fb4';
/** a selected row / item: the primary colour's lightest tint */
export const SELECTED_BG = '#e8f0fb';
export const BRAND_RED = '#c00000';

export const THEME = {
  token: {
    colorPrimary: PRIMARY,
    colorLink: PRIMARY,
    colorError: '#d4380d',
    fontFamily: "'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif",
  },
};
