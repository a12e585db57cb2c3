using System.Runtime;

namespace SiteGen.Common;

/// <summary>A span in which the garbage collector does not collect (the runtime's no-GC region, process-wide): for
/// work that makes objects which all live on, where every collection would only copy them from generation to
/// generation. The runtime ends the pause by itself (with a collection) once more than the asked bytes are
/// allocated, so a wrong guess costs what not pausing costs.</summary>
/// <remarks>At most one pause holds in a process: <see cref="Begin"/> returns null while another holds, and
/// <see cref="Dispose"/> ends the pause only if it is still this one's (the runtime may have ended it, and another
/// build in the same process — tests — may have begun its own since).</remarks>
public sealed class CollectionPause : IDisposable
{
    private static readonly Lock Gate = new();
    private static CollectionPause? _current;

    private CollectionPause(long bytes) => Bytes = bytes;

    /// <summary>The bytes the pause was asked for.</summary>
    public long Bytes { get; }

    /// <summary>Whether the pause still holds: the runtime has not ended it (no collection was made since it
    /// began).</summary>
    public bool Holds
    {
        get
        {
            lock (Gate) return _current == this && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion;
        }
    }

    /// <summary>Pauses collections until <paramref name="bytes"/> more are allocated, or null when the runtime
    /// refuses (too large for it, or a pause already holds).</summary>
    public static CollectionPause? Begin(long bytes)
    {
        lock (Gate)
        {
            if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) return null;
            try
            {
                if (!GC.TryStartNoGCRegion(bytes)) return null;
            }
            catch (Exception ex) when (ex is ArgumentOutOfRangeException or InvalidOperationException)
            {
                return null;
            }
            return _current = new CollectionPause(bytes);
        }
    }

    /// <summary>Ends the pause if it still holds (no collection is made: what was allocated is collected when the
    /// runtime next needs to).</summary>
    public void Dispose()
    {
        lock (Gate)
        {
            if (_current != this) return;
            _current = null;
            if (GCSettings.LatencyMode != GCLatencyMode.NoGCRegion) return;
            try { GC.EndNoGCRegion(); }
            catch (InvalidOperationException) { } // ended by the runtime meanwhile
        }
    }

    /// <summary>Where a caller keeps a pause begun by a callee, to end it when the caller is done (<c>using</c>).
    /// </summary>
    /// <param name="toProcessEnd">the process ends right after the holder's work (the command line's build): then
    /// <see cref="Dispose"/> leaves a kept pause to the process's end. Ending it there would make the next allocation
    /// (the summary's text) collect the whole heap the pause let grow, only to exit: ≈ 0.15–1.1 s of wall at 10,000
    /// meetings, after the build's own clock stopped.</param>
    public sealed class Holder(bool toProcessEnd = false) : IDisposable
    {
        private CollectionPause? _pause;

        public void Keep(CollectionPause pause) => _pause = pause;

        public bool Holds => _pause?.Holds ?? false;

        public void Dispose()
        {
            if (!toProcessEnd) _pause?.Dispose();
        }
    }
}
