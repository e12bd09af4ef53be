namespace ShopPipeline.Stores;

// The language a digest is written in; stores.json spells these "zh" and "en".
internal enum DigestLanguage
{
    Zh,
    En,
}
