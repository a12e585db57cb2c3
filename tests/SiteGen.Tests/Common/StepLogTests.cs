using System.Diagnostics;
using SiteGen.Common;

namespace SiteGen.Tests.Common;

public class StepLogTests
{
    /// <summary>The step log's children line (Pagefind's CPU) grows by what an ended child process spent.</summary>
    [Fact]
    public void Children_CPU_counts_an_ended_child_process()
    {
        if (!OperatingSystem.IsLinux()) return; // /proc/self/stat: Linux only (null elsewhere)
        var before = StepLog.ChildrenCpu();
        Assert.NotNull(before);
        // A child that spends ≈ 0.2 s or more of CPU (a shell loop), waited for as Pagefind's runs are.
        using (var child = Process.Start(new ProcessStartInfo("/bin/sh",
            ["-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done"]) { UseShellExecute = false })!)
            child.WaitForExit();
        var after = StepLog.ChildrenCpu();
        Assert.NotNull(after);
        Assert.True(after > before, $"children CPU {before} → {after} ticks");
    }
}
