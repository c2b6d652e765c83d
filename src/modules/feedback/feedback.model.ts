/** Feedback statuses as the contract numbers them. */
export const FeedbackStatus = { Pending: 0, Replied: 1, Closed: 2 } as const;
export type FeedbackStatus = (typeof FeedbackStatus)[keyof typeof FeedbackStatus];

/** user_id of feedback whose author deleted their account (ids are positive: 0 names no one); shown as null. */
export const DELETED_AUTHOR_ID = 0;
