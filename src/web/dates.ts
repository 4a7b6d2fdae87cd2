/* Staff and public pages write dates the one way the widget does (src/domain/dates.ts). */
export { formatDateTime, formatDay, formatMonth, formatShortDay } from '../domain/dates';
