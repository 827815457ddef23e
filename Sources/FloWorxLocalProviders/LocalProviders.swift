/// Local servers that speak the subset of the Gmail API, Microsoft Graph, the Google and Microsoft OAuth 2.0
/// endpoints and Pub/Sub push that FloWorx uses. Tests, benchmarks and the demo run them; production code never
/// imports this module.
public enum LocalProviders {}
