"""One limiter against password guessing, shared by the web login, the admin login and the token endpoint.

Failures are counted per client address (``core.ratelimit.client_ip``, the real address behind trusted
proxies; an IPv6 address counts for its /64) and per account (the user name as typed, case-folded),
both over ``SXSH_LOGIN_RATE = (failures, seconds)``:

* an address with ``failures`` failures is refused for every account;
* an account with ``failures`` failures is refused only from addresses that have failed at least once in
  the window. Its owner, logging in from an address without failures, still gets in, so guessing against
  an account never locks everybody out; a guesser must fail from every address he uses, so each new
  address buys him one guess at most.

Successes do not reset either counter (logging into one's own account must not buy more guesses).
Refusals happen before the password is checked.
"""

import ipaddress

from django.http import HttpRequest

from sxsh.core.ratelimit import RateLimit, client_ip

ADDRESS = RateLimit("sxsh:login:ip", setting="SXSH_LOGIN_RATE", default=(10, 600))
ACCOUNT = RateLimit("sxsh:login:user", setting="SXSH_LOGIN_RATE", default=(10, 600))


def _address(request: HttpRequest) -> str:
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return address


def _account(username: str) -> str:
    return (username or "").strip().casefold()[:150]


def refused(request: HttpRequest, username: str) -> bool:
    """Whether a login attempt for ``username`` from this request's client must be refused unchecked."""
    address = _address(request)
    if ADDRESS.exceeded(address):
        return True
    account = _account(username)
    return bool(account) and ACCOUNT.exceeded(account) and ADDRESS.count(address) > 0


def failed(request: HttpRequest, username: str) -> None:
    """Count one failed attempt against the client's address and the account."""
    ADDRESS.hit(_address(request))
    account = _account(username)
    if account:
        ACCOUNT.hit(account)
