// Users, sessions and tokens: the public contract of services/identity.
import { Type, type Static } from '@sinclair/typebox';
import { PageQuerySchema, RoleSchema, UuidSchema, pageOf } from './common.js';

export const PASSWORD_MIN_LENGTH = 8;
// An upper bound keeps a megabyte "password" from tying up a hashing thread.
export const PASSWORD_MAX_LENGTH = 256;

export const EmailSchema = Type.String({ format: 'email', maxLength: 254, description: 'compared and stored in lower case' });
export const PasswordSchema = Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH });
export const PersonNameSchema = Type.String({ minLength: 1, maxLength: 100 });
/** A phone number in E.164 form (`+` and 7 to 15 digits), where SMS go: on a profile and on a guest checkout. */
export const PhoneSchema = Type.String({ pattern: '^\\+[1-9][0-9]{6,14}$', description: 'E.164: + then 7 to 15 digits', examples: ['+31612345678'] });

/** A user as every API answers it; never carries a password hash. */
export const UserSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    email: Type.String(),
    first_name: Type.String(),
    last_name: Type.String(),
    role: RoleSchema,
    active: Type.Boolean(),
    created_at: Type.String({ format: 'date-time' }),
    updated_at: Type.String({ format: 'date-time' }),
    deleted_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    phone: Type.Union([Type.String(), Type.Null()], { description: 'where SMS about orders go; null when not given' }),
  },
);
export type User = Static<typeof UserSchema>;

/** Sign-up: the role is not accepted here, every new account is a customer. */
export const RegisterSchema = Type.Object(
  { email: EmailSchema, password: PasswordSchema, first_name: PersonNameSchema, last_name: PersonNameSchema },
  { additionalProperties: false },
);
export type Register = Static<typeof RegisterSchema>;

export const LoginSchema = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }) },
  { additionalProperties: false },
);
export type Login = Static<typeof LoginSchema>;

export const RefreshTokenBodySchema = Type.Object(
  { refresh_token: Type.String({ minLength: 1, maxLength: 512 }) },
  { additionalProperties: false },
);
export type RefreshTokenBody = Static<typeof RefreshTokenBodySchema>;

/** What login and refresh answer: a short-lived JWT and an opaque, single-use refresh token. */
export const TokenPairSchema = Type.Object({
  access_token: Type.String(),
  refresh_token: Type.String(),
  token_type: Type.Literal('bearer'),
  expires_in: Type.Integer({ description: 'seconds until the access token expires' }),
});
export type TokenPair = Static<typeof TokenPairSchema>;

/** Changes a user makes to their own account; a new password needs the current one. */
export const UpdateMeSchema = Type.Object(
  {
    first_name: Type.Optional(PersonNameSchema),
    last_name: Type.Optional(PersonNameSchema),
    phone: Type.Optional(Type.Union([PhoneSchema, Type.Null()], { description: 'null removes it' })),
    password: Type.Optional(PasswordSchema),
    current_password: Type.Optional(Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH })),
  },
  { additionalProperties: false },
);
export type UpdateMe = Static<typeof UpdateMeSchema>;

/** Changes an admin makes to any account. */
export const AdminUpdateUserSchema = Type.Object(
  {
    first_name: Type.Optional(PersonNameSchema),
    last_name: Type.Optional(PersonNameSchema),
    role: Type.Optional(RoleSchema),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type AdminUpdateUser = Static<typeof AdminUpdateUserSchema>;

export const UserListQuerySchema = Type.Composite([
  Type.Object({
    q: Type.Optional(Type.String({ maxLength: 200, description: 'matches email, first or last name' })),
    role: Type.Optional(RoleSchema),
    active: Type.Optional(Type.Boolean()),
  }),
  PageQuerySchema,
]);
export type UserListQuery = Static<typeof UserListQuerySchema>;

export const UserPageSchema = pageOf(UserSchema);
export type UserPage = Static<typeof UserPageSchema>;

/** Public signing keys of identity (RFC 7517); private members are never published. */
export const JwksSchema = Type.Object({
  keys: Type.Array(
    Type.Object({
      kty: Type.Literal('OKP'),
      crv: Type.Literal('Ed25519'),
      x: Type.String(),
      kid: Type.String(),
      alg: Type.Literal('EdDSA'),
      use: Type.Literal('sig'),
    }),
  ),
});
export type Jwks = Static<typeof JwksSchema>;

/** Data of `user.registered` and `user.deleted`: the user as the API shows it. */
export const UserEventDataSchema = UserSchema;
export type UserEventData = Static<typeof UserEventDataSchema>;

/** Data of `user.updated`: the user after the change and which fields changed. */
export const UserUpdatedEventDataSchema = Type.Composite([
  UserEventDataSchema,
  Type.Object({ changed: Type.Array(Type.String()) }),
]);
export type UserUpdatedEventData = Static<typeof UserUpdatedEventDataSchema>;

/**
 * Data of `user.sessions_revoked` (logout, password change, role change, deactivation, deletion):
 * every access token of the user issued before `not_before` (an ISO time with milliseconds, on
 * identity's clock, the clock that stamps tokens) is refused from now on.
 */
export const SessionsRevokedEventDataSchema = Type.Object({
  user_id: UuidSchema,
  not_before: Type.String({ format: 'date-time' }),
});
export type SessionsRevokedEventData = Static<typeof SessionsRevokedEventDataSchema>;

/** `POST /users/password/forgot`: answered 202 whether or not the account exists. */
export const ForgotPasswordSchema = Type.Object({ email: EmailSchema }, { additionalProperties: false });
export type ForgotPassword = Static<typeof ForgotPasswordSchema>;

/** `POST /users/password/reset`: the token of a forgot-password message and the new password (the rules of sign-up). */
export const ResetPasswordSchema = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 512 }), password: PasswordSchema },
  { additionalProperties: false },
);
export type ResetPassword = Static<typeof ResetPasswordSchema>;

/** What forgot-password answers, the same whether or not the account exists. */
export const PasswordResetAcceptedSchema = Type.Object({ message: Type.String() });
export type PasswordResetAccepted = Static<typeof PasswordResetAcceptedSchema>;

/**
 * Data of `user.password_reset_requested`: the raw single-use token (valid until `expires_at`) rides in
 * the event because notifications mails it as a link; identity keeps only its sha256.
 */
export const PasswordResetRequestedEventDataSchema = Type.Object({
  user_id: UuidSchema,
  email: Type.String(),
  first_name: Type.String(),
  token: Type.String(),
  expires_at: Type.String({ format: 'date-time' }),
});
export type PasswordResetRequestedEventData = Static<typeof PasswordResetRequestedEventDataSchema>;
