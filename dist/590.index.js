export const id = 590;
export const ids = [590];
export const modules = {

/***/ 5590:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   openS3: () => (/* binding */ openS3)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(53711);
/* harmony import */ var _aws_sdk_credential_provider_node__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5861);
/* harmony import */ var _util_sanitize_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(62701);
/* harmony import */ var _remote_http_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77288);
/* harmony import */ var _s3_location_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(31483);





/**
 * A total deadline: `signal` aborts the SDK's request at `ms`, and `race` rejects with
 * DeadlineError then, whether or not the SDK notices (its own timeouts are idle timeouts).
 */
function deadline(where, ms) {
    const controller = new AbortController();
    let timer;
    const expired = new Promise((_, reject) => {
        timer = setTimeout(() => {
            controller.abort();
            reject(new _remote_http_js__WEBPACK_IMPORTED_MODULE_0__/* .DeadlineError */ .j3(where, ms));
        }, ms);
        // A stream never read (an error elsewhere) must not keep the process alive until its deadline.
        timer.unref();
    });
    expired.catch(() => { });
    return {
        signal: controller.signal,
        race(work) {
            // The loser's rejection (the SDK's abort error) is expected, not unhandled.
            work.catch(() => { });
            return Promise.race([work, expired]);
        },
        clear: () => clearTimeout(timer),
    };
}
/** The body's chunks until the deadline or the byte cap, whichever comes first; the body is destroyed on every way out. */
async function* guarded(body, clock, where, space) {
    const chunks = body[Symbol.asyncIterator]();
    let bytes = 0;
    try {
        for (;;) {
            const next = await clock.race(chunks.next());
            if (next.done)
                return;
            bytes += next.value.length;
            if (space && bytes > space.cap) {
                throw new _remote_http_js__WEBPACK_IMPORTED_MODULE_0__/* .DownloadTooLargeError */ .Eu(where, bytes, space.cap, space.free, space.dir, true);
            }
            yield next.value;
        }
    }
    finally {
        clock.clear();
        body.destroy();
    }
}
// The chain's last link says this when no provider had anything: the one case that means
// "anonymous". A provider that was configured but failed (a refused web identity) is an error.
const NOTHING_CONFIGURED = /Could not load credentials from any providers/i;
/** Signs nothing: the requests of a public bucket. */
const unsigned = { sign: async (request) => request };
// The SDK warns on Node < 22 about its future releases; the bundle pins its version, and the
// command line supports Node 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
async function resolveCredentials(secrets, log) {
    const provider = (0,_aws_sdk_credential_provider_node__WEBPACK_IMPORTED_MODULE_2__.defaultProvider)();
    try {
        const credentials = await provider();
        // Registered before any request, so no message can ever carry them.
        secrets.add(credentials.secretAccessKey);
        secrets.add(credentials.sessionToken);
        return provider;
    }
    catch (error) {
        const message = error.message;
        if (!NOTHING_CONFIGURED.test(message))
            throw new _s3_location_js__WEBPACK_IMPORTED_MODULE_1__/* .S3Error */ .Dg(null, null, `AWS credentials: ${message}`);
        log.info('S3: no AWS credentials in the environment, profile files, web identity or instance metadata: sending unsigned requests (public bucket)');
        return null;
    }
}
function usesPathStyle(settings, bucket) {
    if (settings.forcePathStyle || bucket.includes('.'))
        return true;
    const host = settings.endpoint?.hostname;
    return host !== undefined && (0,_remote_http_js__WEBPACK_IMPORTED_MODULE_0__/* .isLoopbackHost */ .cW)(host);
}
function failureOf(error) {
    const e = error;
    const status = e.$metadata?.httpStatusCode ?? null;
    const header = e.$response?.headers?.['x-amz-bucket-region'] ?? null;
    const code = status === null ? (e.code ?? null) : (e.name ?? null);
    // The SDK's generic message for an answer without a body is "UnknownError"; the status says more.
    const message = e.message && e.message !== 'UnknownError' ? e.message : '';
    return { status, code, bucketRegion: header || e.Region || null, message: (0,_util_sanitize_js__WEBPACK_IMPORTED_MODULE_3__/* .sanitizeName */ .r)(message) };
}
async function openS3(settings, secrets, log) {
    const credentials = await resolveCredentials(secrets, log);
    let region = settings.region;
    let corrected = false;
    const clients = new Map();
    const client = (bucket) => {
        const key = `${region}|${usesPathStyle(settings, bucket)}`;
        let found = clients.get(key);
        if (!found) {
            found = new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_4__/* .S3Client */ .YxF({
                region,
                endpoint: settings.endpoint?.toString(),
                forcePathStyle: usesPathStyle(settings, bucket),
                ...(credentials
                    ? { credentials }
                    : { credentials: { accessKeyId: '', secretAccessKey: '' }, signer: unsigned }),
                // Off: a wrong region is corrected once for the whole drill (call below), not per request.
                followRegionRedirects: false,
                maxAttempts: 3,
                requestHandler: { connectionTimeout: 15_000, requestTimeout: 60_000 },
                // Our SHA-256 of every byte is the integrity check; no second checksum over the stream.
                requestChecksumCalculation: 'WHEN_REQUIRED',
                responseChecksumValidation: 'WHEN_REQUIRED',
            });
            clients.set(key, found);
        }
        return found;
    };
    /** Runs one S3 call; a wrong region is corrected once from the bucket's region S3 names. */
    const call = async (what, fn, bucket) => {
        for (;;) {
            try {
                return await fn(client(bucket));
            }
            catch (error) {
                if (error instanceof _s3_location_js__WEBPACK_IMPORTED_MODULE_1__/* .S3Error */ .Dg || error instanceof _remote_http_js__WEBPACK_IMPORTED_MODULE_0__/* .DeadlineError */ .j3)
                    throw error;
                const f = failureOf(error);
                if (f.bucketRegion && f.bucketRegion !== region && !corrected) {
                    log.warning(`S3: bucket ${bucket} is in region ${f.bucketRegion}, not ${region} (${settings.regionFrom}); using ${f.bucketRegion} (set s3-region: ${f.bucketRegion} to skip this request)`);
                    region = f.bucketRegion;
                    corrected = true;
                    continue;
                }
                const said = [f.status === null ? null : `HTTP ${f.status}`, f.code, f.message].filter(Boolean).join(' ');
                const hint = f.bucketRegion && f.bucketRegion !== region
                    ? `; the bucket is in region ${f.bucketRegion}: set s3-region`
                    : '';
                throw new _s3_location_js__WEBPACK_IMPORTED_MODULE_1__/* .S3Error */ .Dg(f.status, f.code, `S3 refused to ${what} (${said || 'no answer'})${hint}`, f.bucketRegion);
            }
        }
    };
    return {
        get region() {
            return region;
        },
        signed: credentials !== null,
        async list(location, pageMs) {
            const where = `list s3://${location.bucket}/${(0,_util_sanitize_js__WEBPACK_IMPORTED_MODULE_3__/* .sanitizeName */ .r)(location.prefix)}`;
            const objects = [];
            let token;
            do {
                const clock = deadline(where, pageMs);
                try {
                    const page = await clock.race(call(where, (c) => c.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_4__/* .ListObjectsV2Command */ .u6x({
                        Bucket: location.bucket,
                        Prefix: location.prefix,
                        ...(token ? { ContinuationToken: token } : {}),
                    }), { abortSignal: clock.signal }), location.bucket));
                    for (const o of page.Contents ?? []) {
                        if (o.Key === undefined)
                            continue;
                        objects.push({ key: o.Key, size: o.Size ?? 0, lastModified: o.LastModified ?? null });
                    }
                    token = page.IsTruncated ? page.NextContinuationToken : undefined;
                }
                finally {
                    clock.clear();
                }
            } while (token);
            return objects;
        },
        async get(bucket, key, limits) {
            const where = `s3://${bucket}/${(0,_util_sanitize_js__WEBPACK_IMPORTED_MODULE_3__/* .sanitizeName */ .r)(key)}`;
            const clock = deadline(where, limits.totalMs);
            try {
                const answer = await clock.race(call(`send ${where}`, (c) => c.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_4__/* .GetObjectCommand */ .jLs({
                    Bucket: bucket,
                    Key: key,
                    ...(limits.firstBytes ? { Range: `bytes=0-${limits.firstBytes - 1}` } : {}),
                }), { abortSignal: clock.signal }), bucket));
                const body = answer.Body;
                if (!body)
                    throw new _s3_location_js__WEBPACK_IMPORTED_MODULE_1__/* .S3Error */ .Dg(null, null, `S3 sent no body for ${where}`);
                const announced = answer.ContentLength;
                if (limits.space && announced !== undefined && announced > limits.space.cap) {
                    body.destroy();
                    const { cap, free, dir } = limits.space;
                    throw new _remote_http_js__WEBPACK_IMPORTED_MODULE_0__/* .DownloadTooLargeError */ .Eu(where, announced, cap, free, dir);
                }
                return guarded(body, clock, where, limits.space);
            }
            catch (error) {
                clock.clear();
                throw error;
            }
        },
    };
}


/***/ })

};
