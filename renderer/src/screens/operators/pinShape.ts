/** What the contract's Pin accepts, checked before sending so the message can say it plainly. */
export const PIN_SHAPE = /^\d{4,8}$/;
