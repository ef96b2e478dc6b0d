// The email port lives beside the use case that sends (src/services/mailer.ts); the transports
// here implement it and keep importing it from this name.
export * from '../services/mailer';
