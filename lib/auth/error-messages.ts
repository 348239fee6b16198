// What the sign-in page says for each error code Auth.js puts in ?error=.
// Unknown codes get the generic message; none of them echo the input.
const messages: Record<string, string> = {
  Configuration: "Sign-in is not available right now because of a server problem. Please try again later.",
  AccessDenied: "You do not have permission to sign in.",
  Verification: "That sign-in link is no longer valid: it was already used or it expired. Ask for a new one below.",
  OAuthSignin: "We could not start signing in with that provider. Please try again.",
  OAuthCallback: "The provider did not confirm your sign-in. Please try again.",
  OAuthCallbackError: "The provider did not confirm your sign-in. Please try again.",
  OAuthCreateAccount: "We could not create an account from that provider. Try signing in with email.",
  EmailCreateAccount: "We could not create an account for that email address. Please try again.",
  Callback: "We could not finish signing you in. Please try again.",
  OAuthAccountNotLinked:
    "That email address already belongs to an account. Sign in the way you did before (for example with an email link).",
  EmailSignin: "We could not send the sign-in email. Check the address and try again in a few minutes.",
  EmailSignInError: "We could not send the sign-in email. Check the address and try again in a few minutes.",
  CredentialsSignin: "Those details did not work. Please check them and try again.",
  SessionRequired: "Please sign in to see that page.",
  Default: "Something went wrong while signing you in. Please try again.",
};

export function signInErrorMessage(code: string | undefined): string | undefined {
  if (!code) return undefined;
  return messages[code] ?? messages.Default;
}
