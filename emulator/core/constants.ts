// Facts of Google's API platform every API served shares (the google.rpc and google.protobuf types, list paging).

export const TYPE_EMPTY = "type.googleapis.com/google.protobuf.Empty";
export const TYPE_BAD_REQUEST = "type.googleapis.com/google.rpc.BadRequest";
export const TYPE_ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo";

/** List page size defaults (ml DISC: "The default value is 20, and the maximum page size is 100."). */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
