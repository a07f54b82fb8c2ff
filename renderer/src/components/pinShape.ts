/** What the contract's Pin accepts, checked before sending so the message can say it plainly. */
export const PIN_SHAPE = /^\d{4,8}$/;

/** The longest PIN the contract accepts; the pad and the fields stop taking digits there. */
export const MAX_PIN = 8;
