import { Link, NavLink } from 'react-router';

/** The signed-in shopper's pages, above each of them. */
export function AccountNav() {
  return (
    <nav className="account-nav" aria-label="Your account">
      <NavLink to="/account" end>
        Profile
      </NavLink>
      <NavLink to="/account/orders" end>
        Orders
      </NavLink>
      <NavLink to="/account/warranties">Warranties</NavLink>
      <NavLink to="/account/notifications">Notifications</NavLink>
    </nav>
  );
}

/** What an account page shows a guest: where to sign in, and what a guest can do instead. */
export function SignInFirst({ title, next, children }: { title: string; next: string; children?: React.ReactNode }) {
  return (
    <div>
      <h1>{title}</h1>
      <p>
        <Link to={`/sign-in?next=${encodeURIComponent(next)}`}>Sign in</Link> to see this page{children ? <>, or {children}</> : null}.
      </p>
    </div>
  );
}
