import Foundation

extension GraphStore {
    func folderJSON(_ folder: GraphFolder, in mailbox: GraphMailbox) -> [String: Any] {
        let inFolder = mailbox.messages.values.filter { $0.folderId == folder.id }
        return [
            "id": folder.id,
            "displayName": folder.displayName,
            "parentFolderId": folder.parentFolderId,
            "childFolderCount": mailbox.folders.values.filter { $0.parentFolderId == folder.id }.count,
            "unreadItemCount": inFolder.filter { !$0.isRead }.count,
            "totalItemCount": inFolder.count,
            "sizeInBytes": inFolder.reduce(0) { $0 + ($1.raw?.utf8.count ?? $1.body.utf8.count) },
            "isHidden": false,
        ]
    }

    func getFolder(_ request: GraphRequest, email: String, reference: String) -> GraphReply {
        let mailbox = mailboxes[email]!
        guard let id = mailbox.folderId(reference), let folder = mailbox.folders[id] else { return .itemNotFound() }
        var object = folderJSON(folder, in: mailbox)
        object["@odata.context"] = "\(request.serviceRoot)/$metadata#users('\(mailbox.userId)')/mailFolders/$entity"
        return .json(200, object)
    }

    /// Lists the children of `parent`, `$top` (default 10) at a time from `$skip`, with `@odata.nextLink`.
    func listFolders(_ request: GraphRequest, email: String, parent: String) -> GraphReply {
        let mailbox = mailboxes[email]!
        let all = mailbox.folders.values.filter { $0.parentFolderId == parent }
            .sorted { ($0.displayName.lowercased(), $0.id) < ($1.displayName.lowercased(), $1.id) }
        let top = min(max(Int(request.query["$top"] ?? "") ?? configuration.defaultPageSize, 1), configuration.maxPageSize)
        let skip = max(Int(request.query["$skip"] ?? "") ?? 0, 0)
        let page = all.dropFirst(skip).prefix(top)
        var object: [String: Any] = [
            "@odata.context": "\(request.serviceRoot)/$metadata#users('\(mailbox.userId)')/mailFolders('\(parent)')/childFolders",
            "value": page.map { folderJSON($0, in: mailbox) },
        ]
        if skip + top < all.count {
            object["@odata.nextLink"] = "\(request.serviceRoot.dropLast(5))\(request.path)?%24top=\(top)&%24skip=\(skip + top)"
        }
        return .json(200, object)
    }

    func createFolder(_ request: GraphRequest, email: String, parentReference: String) -> GraphReply {
        guard let mailbox = mailboxes[email], let parent = mailbox.folderId(parentReference) else { return .itemNotFound() }
        guard let body = GraphJSON.object(request.body) else {
            return .badRequest("Invalid JSON in the request body.", code: "RequestBodyRead")
        }
        guard let name = body["displayName"] as? String, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            return .badRequest("The DisplayName field is required.", code: "ErrorInvalidParameter")
        }
        if mailbox.folders.values.contains(where: { $0.parentFolderId == parent && $0.displayName.lowercased() == name.lowercased() }) {
            return .error(409, "ErrorFolderExists", "A folder with the specified name already exists.")
        }
        let folder = GraphFolder(id: GraphIds.folder(), displayName: name, parentFolderId: parent, wellKnownName: nil)
        mailboxes[email]!.folders[folder.id] = folder
        var object = folderJSON(folder, in: mailboxes[email]!)
        object["@odata.context"] = "\(request.serviceRoot)/$metadata#users('\(mailbox.userId)')/mailFolders('\(parent)')/childFolders/$entity"
        return .json(201, object)
    }
}
