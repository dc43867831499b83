gqlforge::gql! {
    query SubscriptionById($id: Int!, $unused: String) {
        subscription(id: $id) {
            id
        }
    }
}

fn main() {}
