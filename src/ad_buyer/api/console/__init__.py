"""The web console: plan a brief by conversation, book it, and review runs, served by
``ad-buyer serve`` at ``/console`` over the same :class:`BuyerService` as the API."""
