using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using LicenseServer.Tests.Infrastructure;

namespace LicenseServer.Tests.Distribution;

/// <summary>
/// A 1 GiB artifact streamed through the local upload route and back through the download route of the real server
/// process (distribution.md §9.1: streamed, never buffered whole): the bytes round-trip by hash, and the server's
/// resident memory does not grow with the file. The figures are printed to the test output.
/// </summary>
public sealed class StreamingAGigabyteArtifact(ITestOutputHelper output)
{
    private const long Size = 1L << 30;

    /// <summary>How much the server's peak resident memory may grow while it moves the gigabyte: a fifth of it.</summary>
    private const long MaxGrowthKb = 200 * 1024;

    [Fact]
    public async Task AGigabyteUploadAndDownloadRoundTripWithoutTheServersMemoryGrowingWithIt()
    {
        var storage = Directory.CreateTempSubdirectory("licenseserver-gigabyte-").FullName;
        try
        {
            await using var server = await IsolatedServer.StartAsync(new Dictionary<string, string> { ["Distribution__Storage__Local__Path"] = storage });
            using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(server.Process.Url), Timeout = TimeSpan.FromMinutes(5) };
            var ct = TestContext.Current.CancellationToken;
            var account = await server.CreateAccountAsync();
            var admin = server.Admin(account);
            var product = await admin.PostAsync(account.Path("products"), new { data = new { type = "products", attributes = new { name = "Big" } } });
            var release = await server.ScalarAsync<Guid>("""
                INSERT INTO releases (id, account_id, product_id, version, version_key, major, minor, patch, channel, status, metadata, created, updated)
                VALUES (gen_random_uuid(), $1, $2, '1.0.0', '1.0.0', 1, 0, 0, 'stable', 'PUBLISHED', '{}', now(), now()) RETURNING id
                """, account.Id, Guid.Parse((string)product.Expect(201).Data!["id"]!));
            var created = await admin.PostAsync(account.Path("artifacts"), new
            {
                data = new
                {
                    type = "artifacts",
                    attributes = new { filename = "big.bin", filesize = Size },
                    relationships = new { release = new { data = new { type = "releases", id = release } } },
                },
            });
            var upload = created.Expect(307).Header("Location")!;
            var baseline = (Rss: server.Process.RssKb(), Peak: server.Process.PeakRssKb());

            using var source = new GeneratedStream(Size);
            using (var content = new StreamContent(source, 1 << 16))
            {
                content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                content.Headers.ContentLength = Size;
                var put = await http.PutAsync(upload, content, ct);
                Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync(ct));
            }

            var afterUpload = (Rss: server.Process.RssKb(), Peak: server.Process.PeakRssKb());
            var read = await admin.GetAsync(account.Path($"artifacts/{created.Data!["id"]}"));
            Assert.Equal(Size, (long?)read.Expect(303).Data!["attributes"]!["filesize"]);
            using var download = await http.GetAsync(read.Header("Location"), HttpCompletionOption.ResponseHeadersRead, ct);
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(Size, download.Content.Headers.ContentLength);
            byte[] received;
            await using (var body = await download.Content.ReadAsStreamAsync(ct))
            {
                received = await SHA256.HashDataAsync(body, ct);
            }

            var afterDownload = (Rss: server.Process.RssKb(), Peak: server.Process.PeakRssKb());
            output.WriteLine($"server RSS before: {baseline.Rss / 1024} MiB (peak so far {baseline.Peak / 1024} MiB); after the 1 GiB upload: {afterUpload.Rss / 1024} MiB " +
                $"(peak {afterUpload.Peak / 1024} MiB); after the download: {afterDownload.Rss / 1024} MiB (peak {afterDownload.Peak / 1024} MiB); " +
                $"largest sampled: {server.Process.MaxSampledRssKb / 1024} MiB");

            Assert.Equal(source.Sha256(), received);
            Assert.Equal(Convert.ToHexStringLower(received), download.Headers.ETag?.Tag.Trim('"'));
            var growth = afterDownload.Peak - baseline.Peak;
            Assert.True(growth < MaxGrowthKb, $"the server's peak RSS grew by {growth / 1024} MiB while moving 1 GiB");
        }
        finally
        {
            Directory.Delete(storage, recursive: true);
        }
    }

    /// <summary>A read-once stream of <c>length</c> pseudo-random bytes, made as they are read and hashed on the way.</summary>
    private sealed class GeneratedStream(long length) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly Random _random = new(16);
        private long _position;
        private byte[]? _digest;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        /// <summary>The SHA-256 of everything read, once it has all been read (also after the stream was disposed).</summary>
        public byte[] Sha256() => _digest ?? throw new InvalidOperationException("not read to the end");

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, length - _position);
            _random.NextBytes(buffer[..n]);
            _hash.AppendData(buffer[..n]);
            _position += n;
            if (_position == length)
            {
                _digest ??= _hash.GetCurrentHash();
            }

            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _hash.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
