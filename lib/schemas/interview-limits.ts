/** How long a mock interview may run and how many questions it may ask: the schemas check them, forms show them. */
export const MIN_MINUTES = 5;
export const MAX_MINUTES = 60;
export const MIN_QUESTIONS = 1;
export const MAX_QUESTIONS = 10;
