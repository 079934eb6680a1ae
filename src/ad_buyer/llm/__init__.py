"""The model gateway: choosing a model, calling it, metering its tokens and cost, checking it
answers, and the offline model's name and token count."""
