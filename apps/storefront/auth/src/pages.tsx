// What this remote exposes to the shell (`auth/pages`).
export { SignInPage, RegisterPage, ForgotPasswordPage, ResetPasswordPage } from './auth-pages.js';
