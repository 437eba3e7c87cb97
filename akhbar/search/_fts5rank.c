/*
 * Two FTS5 auxiliary functions for the SQLite search backend (backends/sqlite.py).
 *
 * FTS5's bm25() counts the rows that hold each phrase of the query (its idf) by walking the
 * phrase's whole doclist, once per statement that calls it: a search that ranks in several
 * statements walks a frequent word's 200,000 rows several times. These two functions split
 * the count from the ranking, so that a search counts once and every statement after it
 * ranks with the same numbers:
 *
 *   akhbar_phrase_rows(search_fts)
 *       "n_0 n_1 ...": the rows holding each phrase of the MATCH expression, in the order
 *       the phrases are written. Read from one matching row (LIMIT 1): the counts are the
 *       same on every row.
 *
 *   akhbar_bm25(search_fts, w_0, w_1, idf_0, idf_1, ...)
 *       FTS5's bm25 with the column weights w_0 and w_1 and each phrase's idf given, not
 *       counted: the same formula (fts5_aux.c, fts5Bm25Function; see backends/bm25.py),
 *       and, like bm25(), lower for better matches.
 *
 * Python's sqlite3 module cannot register FTS5 auxiliary functions, nor load extensions in
 * every build. install() registers them with sqlite3_auto_extension(), so that every SQLite
 * connection the process opens after it has them: this module links the same libsqlite3 as
 * Python's sqlite3 module. A connection opened before install(), or a build without this
 * module, leaves the backend on FTS5's bm25 (backends/sqlite.py).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#define K1 1.2 /* FTS5's constants */
#define B 0.75
#define COLUMNS 2

/* What a statement's calls of akhbar_bm25 share: the weights, the idfs, the mean length,
 * read at its first call (as bm25() does, a statement calls it in one place). */
typedef struct {
    int phrases;
    double avgdl;
    double weight[COLUMNS];
    double *idf;  /* phrases values */
    double *freq; /* phrases values, the current row's weighted instances */
} Ranking;

static Ranking *ranking_of(const Fts5ExtensionApi *api, Fts5Context *fts, int nval,
                           sqlite3_value **val, int *rc) {
    Ranking *r = (Ranking *)api->xGetAuxdata(fts, 0);
    if (r) return r;
    int phrases = api->xPhraseCount(fts);
    if (nval != COLUMNS + phrases) {
        *rc = SQLITE_MISUSE;
        return 0;
    }
    r = (Ranking *)sqlite3_malloc64(sizeof(Ranking) + 2 * sizeof(double) * (phrases + 1));
    if (!r) {
        *rc = SQLITE_NOMEM;
        return 0;
    }
    r->phrases = phrases;
    r->idf = (double *)&r[1];
    r->freq = r->idf + phrases;
    for (int c = 0; c < COLUMNS; c++) r->weight[c] = sqlite3_value_double(val[c]);
    for (int i = 0; i < phrases; i++) r->idf[i] = sqlite3_value_double(val[COLUMNS + i]);
    sqlite3_int64 rows = 0, tokens = 0;
    *rc = api->xRowCount(fts, &rows);
    if (*rc == SQLITE_OK) *rc = api->xColumnTotalSize(fts, -1, &tokens);
    if (*rc != SQLITE_OK) {
        sqlite3_free(r);
        return 0;
    }
    r->avgdl = rows ? (double)tokens / (double)rows : 1.0;
    *rc = api->xSetAuxdata(fts, r, sqlite3_free); /* which frees r itself when it fails */
    return *rc == SQLITE_OK ? r : 0;
}

static void akhbar_bm25(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                        int nval, sqlite3_value **val) {
    int rc = SQLITE_OK;
    Ranking *r = ranking_of(api, fts, nval, val, &rc);
    if (!r) {
        if (rc == SQLITE_MISUSE) {
            sqlite3_result_error(ctx, "akhbar_bm25: give 2 column weights and one idf a phrase",
                                 -1);
        } else {
            sqlite3_result_error_code(ctx, rc);
        }
        return;
    }
    /* Each phrase's instances are read from its own position list (xPhraseFirst), not
     * from xInst's array of every instance merged in text order, as bm25() reads them: the
     * same weights added in the same order (a phrase's instances come in text order either
     * way), without building the merged array (about 5 % of a ranked row's time). */
    for (int i = 0; rc == SQLITE_OK && i < r->phrases; i++) {
        Fts5PhraseIter iter;
        int column, offset;
        double freq = 0.0;
        rc = api->xPhraseFirst(fts, i, &iter, &column, &offset);
        for (; rc == SQLITE_OK && column >= 0; api->xPhraseNext(fts, &iter, &column, &offset)) {
            freq += column < COLUMNS ? r->weight[column] : 1.0;
        }
        r->freq[i] = freq;
    }
    int length = 0;
    if (rc == SQLITE_OK) rc = api->xColumnSize(fts, -1, &length);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    double score = 0.0, norm = K1 * (1 - B + B * (double)length / r->avgdl);
    for (int i = 0; i < r->phrases; i++) {
        score += r->idf[i] * ((r->freq[i] * (K1 + 1.0)) / (r->freq[i] + norm));
    }
    sqlite3_result_double(ctx, -1.0 * score);
}

static int count_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *count) {
    (void)api;
    (void)fts;
    (*(sqlite3_int64 *)count)++;
    return SQLITE_OK;
}

static void akhbar_phrase_rows(const Fts5ExtensionApi *api, Fts5Context *fts,
                               sqlite3_context *ctx, int nval, sqlite3_value **val) {
    (void)nval;
    (void)val;
    int phrases = api->xPhraseCount(fts), rc = SQLITE_OK;
    sqlite3_str *out = sqlite3_str_new(0);
    for (int i = 0; rc == SQLITE_OK && i < phrases; i++) {
        sqlite3_int64 hits = 0;
        rc = api->xQueryPhrase(fts, i, &hits, count_row);
        sqlite3_str_appendf(out, i ? " %lld" : "%lld", hits);
    }
    int nomem = sqlite3_str_errcode(out) != SQLITE_OK;
    char *text = sqlite3_str_finish(out); /* NULL when empty */
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
    } else if (nomem) {
        sqlite3_result_error_nomem(ctx);
    } else {
        sqlite3_result_text(ctx, text ? text : "", -1, SQLITE_TRANSIENT);
    }
    sqlite3_free(text);
}

static fts5_api *fts5_api_of(sqlite3 *db) {
    fts5_api *api = 0;
    sqlite3_stmt *stmt = 0;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, 0) == SQLITE_OK) {
        sqlite3_bind_pointer(stmt, 1, (void *)&api, "fts5_api_ptr", 0);
        sqlite3_step(stmt);
    }
    sqlite3_finalize(stmt);
    return api;
}

/* Called by SQLite for each connection opened: a connection without FTS5 is left as it is
 * (an error here would fail the open). */
static int on_open(sqlite3 *db, char **error, const void *routines) {
    (void)error;
    (void)routines;
    fts5_api *fts5 = fts5_api_of(db);
    if (fts5 && fts5->iVersion >= 2) {
        fts5->xCreateFunction(fts5, "akhbar_bm25", 0, akhbar_bm25, 0);
        fts5->xCreateFunction(fts5, "akhbar_phrase_rows", 0, akhbar_phrase_rows, 0);
    }
    return SQLITE_OK;
}

static PyObject *install(PyObject *module, PyObject *unused) {
    (void)module;
    (void)unused;
    int rc = sqlite3_auto_extension((void (*)(void))on_open);
    if (rc != SQLITE_OK) {
        PyErr_Format(PyExc_RuntimeError, "sqlite3_auto_extension failed (%d)", rc);
        return 0;
    }
    return PyUnicode_FromString(sqlite3_libversion());
}

static PyMethodDef methods[] = {
    {"install", install, METH_NOARGS,
     "Give every SQLite connection opened from now on akhbar_bm25 and akhbar_phrase_rows; "
     "returns the SQLite library's version."},
    {0, 0, 0, 0},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_fts5rank",
    .m_doc = "FTS5 ranking with idfs given (see the C source).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__fts5rank(void) { return PyModule_Create(&module); }
