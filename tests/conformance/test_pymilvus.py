"""pymilvus, an independent real client of the import API, against the stand-in.

pymilvus raises unless HTTP is 200 and code is 0, so every call here that returns is a call the
stand-in answered the way a real server would. The stand-in is started on a free port and
stopped (by its PID) by each test.

`make test-conformance` runs this file once per pymilvus version (2.4.15, 2.5.18, 2.6.17,
3.0.2; PYMILVUS_VERSION names the one expected), and where a version of pymilvus really cannot
work with a version of Milvus (shared API page, §9), the test asserts that it fails as it does
against the real server rather than skipping it.
"""

import inspect
import json
import os
import subprocess
import urllib.request

import pymilvus
import pytest
from pymilvus.bulk_writer import bulk_import as _bulk_import
from pymilvus.bulk_writer import get_import_progress as _get_import_progress
from pymilvus.bulk_writer import list_import_jobs as _list_import_jobs
from pymilvus.exceptions import MilvusException


def _as_this_version_takes(fn):
    """Calls `fn` with only the keyword arguments its version names: older versions pass any
    other keyword on to `requests.post`, which rejects it. `object_urls` falls back to the
    single `object_url` of 2.4."""

    accepted = inspect.signature(fn).parameters

    def call(**kwargs):
        if "object_urls" in kwargs and "object_urls" not in accepted:
            kwargs["object_url"] = kwargs.pop("object_urls")[0][0]
        return fn(**{k: v for k, v in kwargs.items() if k in accepted})

    return call


bulk_import = _as_this_version_takes(_bulk_import)
get_import_progress = _as_this_version_takes(_get_import_progress)
list_import_jobs = _as_this_version_takes(_list_import_jobs)


def test_the_expected_pymilvus_is_the_one_loaded():
    expected = os.environ.get("PYMILVUS_VERSION")
    assert expected, "run through make test-conformance, which names the version"
    assert pymilvus.__version__ == expected, pymilvus.__file__

SIM = os.environ.get("SIM_BIN") or os.path.join(os.path.dirname(__file__), "..", "..", "target", "debug", "milvus-import-sim")


class Sim:
    def __init__(self, *args):
        self.proc = subprocess.Popen([SIM, "--port", "0", *args], stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        assert "http://127.0.0.1:" in line, line
        self.url = line[line.index("http://"):].strip()

    def advance(self, secs):
        """Moves the stand-in's clock forward: tests step through a job's phases instead of
        racing them, so a slow machine sees every phase too."""
        request = urllib.request.Request(f"{self.url}/_sim/advance", data=json.dumps({"secs": secs}).encode(), method="POST")
        with urllib.request.urlopen(request) as response:
            assert json.load(response) == {"ok": True}

    def stop(self):
        self.proc.kill()
        self.proc.wait()


@pytest.fixture
def milvus():
    sim = Sim("--profile", "2.5", "--auth", "root:Milvus", "--speed", "0.000001")
    yield sim
    sim.stop()


@pytest.fixture
def cloud():
    sim = Sim("--profile", "cloud", "--auth", "cloud-api-key", "--speed", "0.000001")
    yield sim
    sim.stop()


def wait_for_completion(sim, fetch):
    """Asks, then moves the job on by a simulated second, until it is final."""
    states = []
    for _ in range(5_000):
        data = fetch().json()["data"]
        states.append(data["state"])
        if data["state"] in ("Completed", "Failed"):
            return data, states
        sim.advance(1)
    raise AssertionError(f"never finished: {states[-5:]}")


def test_milvus_2_5_create_progress_list(milvus):
    files = [["imports/part-1.parquet"], ["imports/2/id.npy", "imports/2/vector.npy"]]
    created = bulk_import(url=milvus.url, api_key="root:Milvus", collection_name="book_embeddings", files=files)
    job_id = created.json()["data"]["jobId"]
    assert job_id.isdigit() and len(job_id) == 18

    fetch = lambda: get_import_progress(url=milvus.url, api_key="root:Milvus", job_id=job_id, db_name="default")
    first = fetch().json()["data"]
    assert first["jobId"] == job_id
    assert first["collectionName"] == "book_embeddings"
    data, states = wait_for_completion(milvus, fetch)
    assert data["state"] == "Completed", data
    assert data["progress"] == 100
    assert "Importing" in states
    assert sorted(d["fileName"] for d in data["details"]) == ["[imports/2/id.npy imports/2/vector.npy]", "[imports/part-1.parquet]"]
    assert data["importedRows"] == data["totalRows"] == sum(d["totalRows"] for d in data["details"])
    assert data["fileSize"] == sum(d["fileSize"] for d in data["details"])

    listed = list_import_jobs(url=milvus.url, api_key="root:Milvus", collection_name="book_embeddings").json()["data"]
    record = next(r for r in listed["records"] if r["jobId"] == job_id)
    assert record == {"collectionName": "book_embeddings", "jobId": job_id, "progress": 100, "state": "Completed"}


def test_milvus_errors_make_pymilvus_raise(milvus):
    with pytest.raises(MilvusException, match="code: 2100"):
        get_import_progress(url=milvus.url, api_key="root:Milvus", job_id="123")
    with pytest.raises(MilvusException, match="status code: 401"):
        get_import_progress(url=milvus.url, api_key="root:wrong", job_id="123")
    with pytest.raises(MilvusException, match="code: 100"):
        bulk_import(url=milvus.url, api_key="root:Milvus", collection_name="missing", files=[["a.parquet"]])


def test_zilliz_cloud(cloud):
    created = bulk_import(
        url=cloud.url,
        api_key="cloud-api-key",
        cluster_id="in01-sim",
        collection_name="book_embeddings",
        object_urls=[["s3://bucket/medium_articles.parquet"]],
        access_key="ak",
        secret_key="sk",
    )
    job_id = created.json()["data"]["jobId"]
    assert job_id.startswith("job-")

    fetch = lambda: get_import_progress(url=cloud.url, api_key="cloud-api-key", job_id=job_id, cluster_id="in01-sim")
    data, _ = wait_for_completion(cloud, fetch)
    assert data["state"] == "Completed"
    assert data["fileName"] == "s3://bucket/medium_articles.parquet"
    assert data["details"][0]["fileName"] == "s3://bucket/medium_articles.parquet"
    assert data["reason"] == ""

    listed = list_import_jobs(url=cloud.url, api_key="cloud-api-key", cluster_id="in01-sim", page_size=10, current_page=1).json()["data"]
    assert listed["count"] == 1 and listed["currentPage"] == 1 and listed["pageSize"] == 10
    assert listed["records"][0]["jobId"] == job_id


@pytest.fixture
def milvus_2_4_0():
    sim = Sim("--profile", "2.4.0", "--speed", "0.000001")
    yield sim
    sim.stop()


@pytest.fixture
def milvus_2_4_5():
    sim = Sim("--profile", "2.4.5", "--speed", "0.000001")
    yield sim
    sim.stop()


@pytest.fixture
def milvus_3_0():
    sim = Sim("--profile", "3.0", "--speed", "0.000001")
    yield sim
    sim.stop()


def test_milvus_2_4_0_to_2_4_2_answer_code_200_which_pymilvus_cannot_read(milvus_2_4_0):
    # Success is {"code":200,"data":…} there, with no message: pymilvus reads any non-zero code
    # as an error and looks up its message (a real incompatibility, §9).
    with pytest.raises(KeyError, match="message"):
        bulk_import(url=milvus_2_4_0.url, collection_name="book_embeddings", files=[["a.parquet"]])
    with pytest.raises(KeyError, match="message"):
        list_import_jobs(url=milvus_2_4_0.url)


def test_before_2_4_13_pymilvus_progress_gets_404(milvus_2_4_5):
    # pymilvus asks describe and never falls back to get_progress (§9).
    job_id = bulk_import(url=milvus_2_4_5.url, collection_name="book_embeddings", files=[["a.parquet"]]).json()["data"]["jobId"]
    with pytest.raises(MilvusException, match="status code: 404"):
        get_import_progress(url=milvus_2_4_5.url, job_id=job_id)
    assert list_import_jobs(url=milvus_2_4_5.url).json()["data"]["records"][0]["jobId"] == job_id


def test_milvus_3_0_auto_commit_job_to_completed(milvus_3_0):
    job_id = bulk_import(url=milvus_3_0.url, collection_name="book_embeddings", files=[["a.parquet"]]).json()["data"]["jobId"]
    fetch = lambda: get_import_progress(url=milvus_3_0.url, job_id=job_id)
    data, states = wait_for_completion(milvus_3_0, fetch)
    assert data["state"] == "Completed" and data["createTime"]
    assert "Uncommitted" not in states, "an auto-commit job is reported as Importing while it commits"


@pytest.mark.parametrize("profile", ["2.6.24", "3.0.2"])
def test_newest_releases_create_progress_list(profile):
    # §11's releases change nothing pymilvus reads: create, describe to Completed, list.
    sim = Sim("--profile", profile, "--speed", "0.000001", "--async-create", "0ms")
    try:
        job_id = bulk_import(url=sim.url, collection_name="book_embeddings", files=[["imports/a.parquet"]]).json()["data"]["jobId"]
        fetch = lambda: get_import_progress(url=sim.url, job_id=job_id)
        data, states = wait_for_completion(sim, fetch)
        assert data["state"] == "Completed" and data["createTime"], data
        assert "Importing" in states
        listed = list_import_jobs(url=sim.url, collection_name="book_embeddings").json()["data"]
        assert any(r["jobId"] == job_id and r["state"] == "Completed" for r in listed["records"])
        with pytest.raises(MilvusException, match="code: 2101" if profile == "3.0.2" else "code: 2100"):
            get_import_progress(url=sim.url, job_id="123")
    finally:
        sim.stop()
