"""API of the accounts app: who am I, and my personal API tokens."""

from ninja import Router, Status

from sanbao.accounts import selectors, tokens
from sanbao.accounts.http import SignedInRequest
from sanbao.accounts.models import ApiToken
from sanbao.accounts.schemas import MeOut, OrganisationOut, TokenIn, TokenIssuedOut, TokenOut

router = Router(tags=["accounts"])


@router.get("/me", response=MeOut, summary="The signed-in user")
def me(request: SignedInRequest) -> MeOut:
    user = request.user
    return MeOut(
        username=user.username,
        full_name=user.get_full_name(),
        language=user.language,
        roles=[role.code for role in user.roles],
        outlet=OrganisationOut(code=user.outlet.code, name=user.outlet.name)
        if user.outlet
        else None,
        dealer=OrganisationOut(code=user.dealer.code, name=user.dealer.name)
        if user.dealer
        else None,
        brands=[brand.code for brand in selectors.user_brands(user=user)],
    )


@router.get("/me/tokens", response=list[TokenOut], summary="My API tokens")
def token_list(request: SignedInRequest) -> list[ApiToken]:
    return list(selectors.user_api_tokens(user=request.user))


@router.post("/me/tokens", response={201: TokenIssuedOut}, summary="Issue an API token")
def token_issue(request: SignedInRequest, payload: TokenIn) -> Status[TokenIssuedOut]:
    token, clear = tokens.api_token_issue(user=request.user, name=payload.name)
    issued = TokenIssuedOut(**TokenOut.model_validate(token).model_dump(), token=clear)
    return Status(201, issued)


@router.delete("/me/tokens/{token_id}", response=TokenOut, summary="Revoke an API token")
def token_revoke(request: SignedInRequest, token_id: int) -> ApiToken:
    return tokens.api_token_revoke(user=request.user, token_id=token_id)
