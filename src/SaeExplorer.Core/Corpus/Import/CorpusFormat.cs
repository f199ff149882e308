namespace SaeExplorer.Core.Corpus.Import;

/// <summary>The corpus layouts <see cref="CorpusImporter"/> recognises.</summary>
public enum CorpusFormat
{
    /// <summary>A folder with a manifest.csv (see <see cref="CorpusManifest.Read"/>).</summary>
    Manifest,

    /// <summary>A plain folder of image files (see <see cref="CorpusManifest.FromFolder"/>).</summary>
    ImageFolder,

    /// <summary>img2dataset "files" output: shard folders of &lt;key&gt;.jpg + &lt;key&gt;.txt + &lt;key&gt;.json.</summary>
    Img2DatasetFolder,

    /// <summary>img2dataset "webdataset" output: .tar shards whose members are grouped by key.</summary>
    WebDataset,

    /// <summary>clip-retrieval output: img_emb/img_emb_N.npy beside metadata/metadata_N.parquet.</summary>
    ClipRetrieval,
}
