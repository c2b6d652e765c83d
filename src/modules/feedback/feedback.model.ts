/** Feedback statuses as the contract numbers them. */
export const FeedbackStatus = { Pending: 0, Replied: 1, Closed: 2 } as const;
export type FeedbackStatus = (typeof FeedbackStatus)[keyof typeof FeedbackStatus];
