"""Check every real model a run will use before any seller is called.

For each distinct non-offline model (manager and specialist tiers): the
provider's credentials must be set (litellm's own check, no network), then one
tiny completion must succeed. A missing or rejected key, a model the provider
does not know, or a provider that cannot be reached becomes one readable
:class:`ModelUnavailable` line; the run stops before intake and before any
seller call. The check calls are recorded like any other model call.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from ad_buyer.llm.gateway import CallRecorder, LiteLLMChat, ModelChoice, missing_credentials

logger = logging.getLogger(__name__)

CHECK_TIMEOUT_S = 30.0
CHECK_MESSAGES = [{"role": "user", "content": "Reply with the single word OK."}]


class ModelUnavailable(RuntimeError):
    """A configured model cannot be used; the message is one line for a person."""


def _reason(model: str, exc: Exception) -> str:
    from ad_buyer.llm.gateway import litellm_module

    litellm = litellm_module()

    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    detail = first_line[:160]
    if isinstance(exc, litellm.AuthenticationError | litellm.PermissionDeniedError):
        return f"the provider rejected the API key for {model} ({detail})"
    if isinstance(exc, litellm.NotFoundError):
        return f"the provider does not know the model {model} ({detail})"
    if isinstance(exc, litellm.Timeout | litellm.APIConnectionError |
                  litellm.ServiceUnavailableError | litellm.InternalServerError |
                  litellm.BadGatewayError):
        return f"cannot reach the provider of {model} ({detail})"
    if isinstance(exc, litellm.BadRequestError):
        return f"the provider refused a request to {model} ({detail})"
    return f"{model} failed its check call: {type(exc).__name__}: {detail}"


def check_models(choices: Sequence[ModelChoice], recorder: CallRecorder | None = None) -> None:
    """Raise :class:`ModelUnavailable` for the first configured model that cannot work."""
    seen: set[str] = set()
    for choice in choices:
        if choice.offline or choice.model in seen:
            continue
        seen.add(choice.model)
        try:
            missing = missing_credentials(choice.model)
        except Exception as exc:  # a model string litellm cannot route
            raise ModelUnavailable(f"{choice.model} is not a model litellm can route: "
                                   f"{str(exc).splitlines()[0][:160]}") from exc
        if missing:
            raise ModelUnavailable(f"{choice.model} needs {', '.join(missing)} set "
                                   f"(or run offline with AD_BUYER_LLM=offline)")
        chat = LiteLLMChat(choice, recorder, max_tokens=4, timeout=CHECK_TIMEOUT_S,
                           num_retries=0)
        try:
            chat.complete(CHECK_MESSAGES, purpose=f"model check ({choice.tier.value})")
        except Exception as exc:
            raise ModelUnavailable(_reason(choice.model, exc)) from exc
        logger.info("model %s answered its check call", choice.model)
