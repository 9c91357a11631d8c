"""The LLM engine for any OpenAI-compatible endpoint: config, response schemas, prompt files, grounding of model
output to spans, the response cache. The only package that imports openai and instructor."""
