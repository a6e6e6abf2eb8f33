package org.labtrack.artifacts.api;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.labtrack.artifacts.store.InvalidUploadException;

/**
 * A request body whose read failures are the client's (a dropped connection), kept apart from
 * storage failures so that they are not reported as a storage outage.
 */
final class ClientBody extends FilterInputStream {

  private ClientBody(InputStream in) {
    super(in);
  }

  static InputStream of(InputStream in) {
    return new ClientBody(in == null ? InputStream.nullInputStream() : in);
  }

  @Override
  public int read() throws IOException {
    try {
      return super.read();
    } catch (IOException e) {
      throw interrupted(e);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      return super.read(b, off, len);
    } catch (IOException e) {
      throw interrupted(e);
    }
  }

  private static InvalidUploadException interrupted(IOException e) {
    return new InvalidUploadException("The upload was interrupted before the whole body arrived ("
        + e.getMessage() + "). Nothing was stored.");
  }
}
