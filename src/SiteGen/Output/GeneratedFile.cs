using System.Collections.Immutable;
using SiteGen.Publishing;

namespace SiteGen.Output;

/// <summary>One file made from the public model (a feed, a calendar, a data file): its site-relative path, the
/// meetings its content is made from besides the site's settings (in order), and how to make its bytes.
/// `serve` compares <see cref="From"/> with what it last wrote and makes only the files that differ.</summary>
public sealed record GeneratedFile(string Path, ImmutableArray<PublicMeeting> From, Func<byte[]> Bytes);
